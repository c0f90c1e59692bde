package dev.kart.examples.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.examples.books.Book;
import dev.kart.lock.Lease;
import dev.kart.test.KartExtension;
import dev.kart.test.KartTestRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FencedStore} against a real PostgreSQL server, with fencing tokens of real leases. */
class FencedStoreTest {
    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema();

    /** Leases are not renewed, so moving the clock past the TTL ends them, as when a node stalls. */
    @RegisterExtension
    final KartExtension stalledNodes = KartExtension.create().withoutLeaseRenewal();

    @Test
    void aLaterHolderReplacesTheValueAndAHolderMayWriteTwice() throws Exception {
        try (Connection connection = postgres.connect()) {
            FencedStore store = new FencedStore(connection);

            store.write(new FencedWrite("report", 5, "first"));
            store.write(new FencedWrite("report", 8, "second"));
            store.write(new FencedWrite("report", 8, "second, corrected"));
            store.write(new FencedWrite("other", 3, "its own row"));

            assertThat(store.read("report")).contains(new FencedWrite("report", 8, "second, corrected"));
            assertThat(store.read("other")).contains(new FencedWrite("other", 3, "its own row"));
            assertThat(store.read("never written")).isEmpty();
        }
    }

    @Test
    void withoutTheTableItSaysInOneLineWhichTableAndHowToCreateIt() throws Exception {
        try (Connection connection = postgres.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + FencedStore.TABLE);
            }
            FencedStore store = new FencedStore(connection);

            for (ThrowingCallable use : List.<ThrowingCallable>of(() -> store.write(new FencedWrite("report", 5, "first")),
                    () -> store.read("report"))) {
                assertThatThrownBy(use).isInstanceOfSatisfying(SQLException.class, missing -> {
                    assertThat(missing.getMessage()).hasLineCount(1)
                            .startsWith("kart_fenced_writes does not exist where this connection looks")
                            .contains("create it with: CREATE TABLE IF NOT EXISTS kart_fenced_writes (resource text PRIMARY KEY,"
                                    + " fencing_token bigint NOT NULL, value text NOT NULL)")
                            .endsWith("(docs/locks.md, \"Run it yourself\")");
                    assertThat(missing.getSQLState()).isEqualTo(FencedStore.UNDEFINED_TABLE);
                    assertThat(missing.getSuppressed()).as("PostgreSQL's own error").singleElement()
                            .isInstanceOfSatisfying(SQLException.class,
                                    error -> assertThat(error.getSQLState()).isEqualTo(FencedStore.UNDEFINED_TABLE));
                });
            }

            // What the message says to run is what makes the store work.
            store.createTable();
            store.write(new FencedWrite("report", 5, "first"));
            assertThat(store.read("report")).contains(new FencedWrite("report", 5, "first"));
        }
    }

    @Test
    void theWriteOfAHolderWhoseLeaseRanOutIsRefusedAfterTheNextHolderWrote(KartTestRuntime kart) throws Exception {
        PublishTopWords task = new PublishTopWords(Book.PERSUASION, 2, 5, postgres.url());
        String runLock = kart.kart().uniqueId(task);
        Lease stale = kart.lockBackend().runLock().tryAcquire(runLock).orElseThrow();
        kart.clock().advance(kart.lease().ttl().plusSeconds(1));
        assertThat(stale.isHeld()).as("the first lease, one TTL later without renewal").isFalse();
        Lease newer = kart.anotherNode().lockBackend().runLock().tryAcquire(runLock)
                .orElseThrow(() -> new AssertionError("a second node could not take " + runLock + " over"));
        assertThat(newer.fencingToken()).isGreaterThan(stale.fencingToken());

        try (Connection connection = postgres.connect()) {
            FencedStore store = new FencedStore(connection);
            store.write(new FencedWrite(task.resource(), newer.fencingToken(), "the newer holder's value"));

            FencedWrite late = new FencedWrite(task.resource(), stale.fencingToken(), "the stale holder's value");
            assertThatThrownBy(() -> store.write(late))
                    .isInstanceOfSatisfying(StaleFencingTokenException.class, refusal -> {
                        assertThat(refusal.refused()).isEqualTo(late);
                        assertThat(refusal.storedFencingToken()).contains(newer.fencingToken());
                    })
                    .hasMessageContaining("'" + task.resource() + "'")
                    .hasMessageContaining("with fencing token " + stale.fencingToken() + ":")
                    .hasMessageContaining("the write of fencing token " + newer.fencingToken());
        }
        assertThat(postgres.row(task.resource()))
                .contains(new FencedWrite(task.resource(), newer.fencingToken(), "the newer holder's value"));
        newer.close();
    }
}
