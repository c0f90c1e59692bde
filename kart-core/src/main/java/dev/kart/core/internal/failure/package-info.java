/**
 * Failures told in one line, for the summary, warnings and {@code kart info}, and the JVM's errors in
 * loading a task's class told with what to do ({@link dev.kart.core.internal.failure.LinkageErrors}), the
 * line of a task's code that threw ({@link dev.kart.core.internal.failure.ThrowSite}), and the search of an
 * error's causes that ends on a circle ({@link dev.kart.core.internal.failure.Causes}).
 */
package dev.kart.core.internal.failure;
