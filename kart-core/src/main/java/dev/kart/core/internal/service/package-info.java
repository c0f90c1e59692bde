/** The implementations of kart's SPIs that jars register for {@code ServiceLoader}. */
package dev.kart.core.internal.service;
