export * from "../../host-tools/xs/driver.js"; // moved: the CLI's `simulate` needs the XS driver at runtime
