/**
 * Unique ids: SHA-256 over a task's family and the canonical form of its significant parameters.
 * Internal to kart-core.
 */
package dev.kart.core.internal.identity;
