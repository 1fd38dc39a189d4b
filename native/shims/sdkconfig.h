// Shim: ESP-IDF's generated sdkconfig.h. Empty on purpose: the host compile checks pass the
// CONFIG_* options a variant needs with -D (test/native.test.ts builds factory_nvs.c with and
// without -DCONFIG_NVS_ENCRYPTION=1).
#ifndef MF_SHIM_SDKCONFIG_H
#define MF_SHIM_SDKCONFIG_H
#endif
