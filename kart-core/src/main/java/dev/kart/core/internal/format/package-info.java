/**
 * The built-in formats of cache files (JSON, text, bytes, CSV/TSV, Java serialization, gzip over any)
 * and the registry that picks one by extension. Internal to kart-core.
 */
package dev.kart.core.internal.format;
