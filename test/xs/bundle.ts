export * from "../../host-tools/xs/bundle.js"; // moved: the CLI's `simulate` bundles for XS at runtime
