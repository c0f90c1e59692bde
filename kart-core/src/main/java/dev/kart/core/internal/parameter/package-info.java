/**
 * Tasks made from text and config values: parsing parameter values, and the task factory the
 * command line uses. Internal to kart-core.
 */
package dev.kart.core.internal.parameter;
