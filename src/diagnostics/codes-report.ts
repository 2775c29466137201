/** E8xx: report errors. */
export const REPORT_ERRORS = {
} as const;
