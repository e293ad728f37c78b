// How many items an unpaged list may return. Beyond its bound the field answers an error that names
// its connection; the gateway's cost limit counts the list at this size.

/** Capability.mappings: at most this many; mappingConnection pages through more. */
export const CAPABILITY_MAPPINGS_BOUND = 100;
