// How many items an unpaged list may return. Beyond its bound the field answers an error that names
// its connection; the gateway's cost limit counts the list at this size. The bounds multiply when
// lists nest (product → features → mappings), so they are chosen to keep the contract's nested reads
// (ProductCoverage, FeatureMappings, an organization's products with their features) under the cost limit.

/** Capability.mappings: at most this many; mappingConnection pages through more. */
export const CAPABILITY_MAPPINGS_BOUND = 100;

/** Product.features: at most this many; featureConnection pages through more. */
export const PRODUCT_FEATURES_BOUND = 80;

/**
 * Feature.mappings: at most this many, every capability of one edition (22 in 2024–2026); a feature
 * mapped in several editions may have more (ask for one edition, or page with mappingConnection).
 */
export const FEATURE_MAPPINGS_BOUND = 22;

/** Organization.products: at most this many; productConnection pages through more. */
export const ORGANIZATION_PRODUCTS_BOUND = 50;
