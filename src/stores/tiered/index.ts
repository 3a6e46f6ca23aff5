export { TieredStore } from './tiered-store.js';
export { DURABILITIES, type Durability, type TieredStoreOptions } from './options.js';
