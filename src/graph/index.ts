export * from './build.js';
export * from './compile.js';
