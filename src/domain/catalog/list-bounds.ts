// How many items an unpaged list may return. Beyond its bound the field answers an error that names
// its connection; the gateway's cost limit counts the list at this size. The bounds multiply when
// lists nest (product → features → mappings), so they are chosen to keep the contract's nested reads
// (ProductCoverage, FeatureMappings, an organization's products with their features) under the cost limit.

/** Capability.mappings: at most this many; mappingConnection pages through more. */
export const CAPABILITY_MAPPINGS_BOUND = 100;

/** Product.features: at most this many; featureConnection pages through more. */
export const PRODUCT_FEATURES_BOUND = 100;

/**
 * Feature.mappings: at most this many (one per capability and edition, all editions unless one is
 * asked: the demo's widest feature has 4 capabilities, so 16 over four editions); mappingConnection pages through more.
 */
export const FEATURE_MAPPINGS_BOUND = 16;

/** Organization.products: at most this many; productConnection pages through more. */
export const ORGANIZATION_PRODUCTS_BOUND = 50;
