/** Failures told in one line, for the summary, warnings and {@code kart info}. */
package dev.kart.core.internal.failure;
