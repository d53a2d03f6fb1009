/** Where version 1 of the JSON API is mounted. */
export const API_BASE = '/api/v1';
