export * from './model.js';
export * from './select.js';
export { renderDot } from './dot.js';
export { renderMermaid, MERMAID_MAX_EDGES } from './mermaid.js';
export { renderGraphml } from './graphml.js';
export { renderGexf } from './gexf.js';
export { renderJson } from './json.js';
