/**
 * Configuration as plug-ins see it: {@link dev.kart.config.ConfigSection}, a plug-in's own section
 * of kart's HOCON configuration, and {@link dev.kart.config.KartConfigException}, the error for a
 * key that is unknown, mistyped or out of range.
 */
package dev.kart.config;
