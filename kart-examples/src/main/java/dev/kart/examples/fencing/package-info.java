/**
 * Fencing tokens at work outside the workspace: {@link dev.kart.examples.fencing.PublishTopWords}
 * writes a chapter's most frequent words to a PostgreSQL table through
 * {@link dev.kart.examples.fencing.FencedStore}, which refuses a write whose fencing token is older
 * than the one it holds for the same resource. docs/locks.md ("Fencing tokens: keeping a paused
 * holder out of external stores") shows this code and how to run it. Only {@code java.sql} is
 * needed to compile it; the JDBC driver of the store comes at run time, on {@code --classpath}, and
 * the table must exist ({@link dev.kart.examples.fencing.FencedStore#CREATE_TABLE}).
 */
package dev.kart.examples.fencing;
