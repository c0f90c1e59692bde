/**
 * Configuration: loading and checking HOCON (Typesafe Config), the settings read from it once at
 * start, per-task sections, and the view of a section a plug-in gets. Internal to kart-core.
 */
package dev.kart.core.internal.config;
