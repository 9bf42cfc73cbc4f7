/**
 * Where each REST surface is mounted, side by side: the API of CONTRACT and the legacy CRM API of
 * seed 004. Links and `Location` headers are built from these, never spelled elsewhere.
 */
export const V1_BASE_PATH = "/api/v1";
export const LEGACY_BASE_PATH = "/api/customer";
