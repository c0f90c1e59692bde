/**
 * The runtime's assembly with Guice: one module per concern, and the one place that turns an
 * assembly failure into a one-line error. Internal to kart-core.
 */
package dev.kart.core.internal.inject;
