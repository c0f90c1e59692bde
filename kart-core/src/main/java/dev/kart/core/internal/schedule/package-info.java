/**
 * Running a build: the worker pool, where each task stands, one attempt of one task under its run
 * lock, retries, and the report. Internal to kart-core.
 */
package dev.kart.core.internal.schedule;
