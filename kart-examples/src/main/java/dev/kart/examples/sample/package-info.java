/**
 * {@link dev.kart.examples.sample.SomeTask}: the smallest task with a run lock, named so that the
 * Python system's example command ({@code sample.SomeTask}) runs unchanged; and
 * {@link dev.kart.examples.sample.SlowTask}, the same taking a while, to watch two nodes share its
 * run lock.
 */
package dev.kart.examples.sample;
