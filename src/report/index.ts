/** Reports: markdown impact reports and the calibration comparison. */
export { renderReport, GENERATED_MARKER } from './markdown/report.js';
export { DEFAULT_REPORT_OPTIONS, type ReportInput, type ReportOptions, type ReportFinding, type ReportAdvice, type ReportPatch } from './markdown/input.js';
export { reportContext, type ReportContext } from './context.js';
export { reportFindings } from './findings.js';
export { impactReport, impactReportInput, type ImpactReportOptions } from './build.js';
export { reportData, JSON_REPORT_MARKER } from './data.js';
export { renderAdvice, savingCandidates } from './markdown/advice.js';
