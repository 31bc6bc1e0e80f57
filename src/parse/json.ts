/** Plain JSON-like values: what YAML decodes to before normalization gives them types. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The merged, interpolated compose document handed from parse to normalize. */
export type ComposeDocument = JsonObject;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
