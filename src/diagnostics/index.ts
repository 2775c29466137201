/** Diagnostics: the error catalogue and the error classes. */
export * from './errors.js';
export { CATALOGUE, type ErrorCode, type CatalogueEntry } from './catalogue.js';
