/**
 * Largest JSON body accepted. The contract's own limits allow multi-megabyte messages (acceptance-decided: 200 missing
 * materials and 200 commitments with notes of up to 2000 characters, about 3 MB in UTF-8), and the Temporal history
 * of a real case, uploaded to POST /v1/audit/replay, passes Express' default of 100 kB within its first 20 events.
 */
export const JSON_BODY_LIMIT = '10mb';
