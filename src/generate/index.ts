/**
 * generate/ — the deterministic, streaming faker data generator of the
 * reference e-commerce project (customers, products, transactions,
 * transaction_items), dirty on purpose. Public door of the module.
 */
export { generate } from './generate.js';
export type { BatchChanges, GenerateOptions, GenerationMetadata, ProgressListener } from './generate.js';
export { DEFECT_KINDS, TABLE_DEFECTS } from './defects.js';
export type { DefectKind, TableName } from './defects.js';
export { CUSTOMER_COLUMNS } from './customers.js';
export { PRODUCT_COLUMNS } from './products.js';
export { ITEM_COLUMNS, TRANSACTION_COLUMNS } from './transactions.js';
export { CANONICAL_PAYMENT_METHODS, BATCH_DATES } from './world.js';
