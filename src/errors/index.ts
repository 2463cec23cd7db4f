export * from './tsmodel-error.js';
export * from './format.js';
