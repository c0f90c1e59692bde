/**
 * Several JVMs in one test: {@link dev.kart.test.support.process.WorkerJvm} starts a main class of
 * the test's class path as a real process, {@link dev.kart.test.support.process.WorkerBuild} is the
 * ready/go/build/print step of such a worker.
 */
package dev.kart.test.support.process;
