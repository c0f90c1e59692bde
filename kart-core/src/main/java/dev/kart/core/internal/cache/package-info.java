/**
 * The workspace's cache files: their layout, their targets, atomic publishing, and the store every
 * load, dump and remove goes through under the cache lock. Internal to kart-core.
 */
package dev.kart.core.internal.cache;
