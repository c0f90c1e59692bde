/**
 * {@link dev.kart.examples.sample.SomeTask}: the smallest task with a run lock, named so that the
 * Python system's example command ({@code sample.SomeTask}) runs unchanged.
 */
package dev.kart.examples.sample;
