/**
 * The {@link dev.kart.format.Format} SPI: how a cache file of one extension is written and read.
 */
package dev.kart.format;
