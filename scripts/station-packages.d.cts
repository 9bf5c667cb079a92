export declare const STATION_EXTERNALS: readonly string[];
export declare const INSTALL_ONLY: ReadonlySet<string>;
export declare const UNUSED_KNEX_DRIVERS: readonly string[];
export declare function stationRuntimePackages(root: string): string[];
