/** Version of the config language, stamped on resolved configs as `overture_version`. Bump on breaking changes and add an upgrade step. */
export const CONFIG_VERSION = '0.1';
