package dev.kart.test.support.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link WorkspaceStorage} meets. A storage's test extends this class and says how
 * to open a fresh, empty workspace ({@link #openStorage()}); the tests here run unchanged against it.
 * They assert what the runtime relies on: a staged object is invisible until published, publishing
 * is all or nothing, {@link PublishMode#ONCE} never replaces what another writer published, and
 * cleaning up abandoned staging never touches a published object. No test depends on timing: the
 * instants given to {@link WorkspaceStorage#removeAbandonedStaging} lie an hour away from now, so a
 * store's clock skew does not matter.
 */
public abstract class StorageContract {
    /** The most any single step of a test may take before the test fails as hung. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Far enough from now that no server's clock skew reaches it. */
    private static final Duration CLOCK_SLACK = Duration.ofHours(1);
    private static final String PATH = "dev/kart/sample/Sample_0123abcd.json";

    private WorkspaceStorage storage;

    /** For a storage's test class, which says how to open the storage. */
    protected StorageContract() {
    }

    /**
     * Opens the storage under test on a workspace no other test uses (a new directory, a new key
     * prefix), empty.
     *
     * @return the storage; the suite closes it after the test
     * @throws Exception when it cannot be opened: the test fails
     */
    protected abstract WorkspaceStorage openStorage() throws Exception;

    /**
     * Whether two writers racing {@link PublishMode#ONCE} on one path are checked to end with exactly
     * one published. True by default; a storage whose test server does not honour conditional writes
     * (some S3 emulators) returns false, and {@link #racingOncePublishesExactlyOneWritersWholeContent}
     * is skipped.
     *
     * @return whether to run the race test
     */
    protected boolean publishOnceIsRaceSafe() {
        return true;
    }

    /** @return the storage of the current test */
    protected final WorkspaceStorage storage() {
        return storage;
    }

    @BeforeEach
    final void openTheStorage() throws Exception {
        storage = openStorage();
    }

    @AfterEach
    final void closeTheStorage() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aPublishedObjectIsSeenByStatListAndRead() throws IOException {
        Instant before = Instant.now().minus(CLOCK_SLACK);
        StagedObject staged = storage.stage(PATH, utf8("{\"a\": 1}"));
        assertEquals(PATH, staged.path());
        assertEquals(8, staged.size());

        assertEquals(PublishOutcome.PUBLISHED, staged.publish(PublishMode.ONCE));

        StoredObject stat = storage.stat(PATH).orElseThrow(() -> new AssertionError(PATH + " not found by stat"));
        assertEquals(PATH, stat.path());
        assertEquals(8, stat.size());
        assertTrue(stat.lastModified().isAfter(before) && stat.lastModified().isBefore(Instant.now().plus(CLOCK_SLACK)),
                "last modified " + stat.lastModified() + " is not about now");
        assertEquals(List.of(PATH), paths(storage.list("")));
        assertEquals(List.of(PATH), paths(storage.list("dev/kart/")));
        assertEquals(8, storage.list("dev/").get(0).size());
        assertEquals("{\"a\": 1}", read(PATH));
    }

    @Test
    void listFindsEveryObjectUnderADirectoryAtAnyDepthSortedAndNothingBeside() throws IOException {
        for (String path : List.of("b/x.json", "a/x.json", "a/b/y.json", "ab/z.json", "log/a/w.json")) {
            publish(path, path, PublishMode.ONCE);
        }

        assertEquals(List.of("a/b/y.json", "a/x.json"), paths(storage.list("a/")));
        assertEquals(List.of("a/b/y.json", "a/x.json", "ab/z.json", "b/x.json", "log/a/w.json"), paths(storage.list("")));
        assertEquals(List.of("log/a/w.json"), paths(storage.list("log/")));
        assertEquals(List.of(), paths(storage.list("missing/")));
        assertEquals(Optional.empty(), storage.stat("a"), "a directory-like prefix is not an object");
    }

    @Test
    void listNamedFindsTheObjectsOfANamePrefixDirectlyInADirectory() throws IOException {
        for (String path : List.of("log/a/T_1.node-h-1.json", "log/a/T_1.node-h-2.json", "log/a/T_1.json",
                "log/a/T_2.node-h-1.json", "log/a/T_1.node-x/deeper.json", "log/a/b/T_1.node-h-3.json",
                "log/T_1.node-h-4.json")) {
            publish(path, path, PublishMode.ONCE);
        }

        assertEquals(List.of("log/a/T_1.node-h-1.json", "log/a/T_1.node-h-2.json"),
                paths(storage.listNamed("log/a/", "T_1.node-")));
        assertEquals(List.of("log/a/T_1.json", "log/a/T_1.node-h-1.json", "log/a/T_1.node-h-2.json"),
                paths(storage.listNamed("log/a/", "T_1.")));
        assertEquals(List.of("log/T_1.node-h-4.json"), paths(storage.listNamed("log/", "T_1.node-")));
        assertEquals(List.of(), paths(storage.listNamed("log/a/", "T_3.")));
        assertEquals(List.of(), paths(storage.listNamed("missing/", "T_1.")));
    }

    @Test
    void publishOnceKeepsTheFirstObjectAndReportsThatItExisted() throws IOException {
        assertEquals(PublishOutcome.PUBLISHED, publish(PATH, "first", PublishMode.ONCE));

        assertEquals(PublishOutcome.ALREADY_EXISTS, publish(PATH, "second, longer", PublishMode.ONCE));

        assertEquals("first", read(PATH));
        assertEquals(5, storage.stat(PATH).orElseThrow().size());
        assertEquals(List.of(PATH), paths(storage.list("")), "the second writer's staged content is gone");
    }

    @Test
    void replacePublishesOverAnExistingObjectAndOnAFreePath() throws IOException {
        publish(PATH, "first run", PublishMode.ONCE);

        assertEquals(PublishOutcome.PUBLISHED, publish(PATH, "rerun", PublishMode.REPLACE));
        assertEquals(PublishOutcome.PUBLISHED, publish("other/Free_1.json", "fresh", PublishMode.REPLACE));

        assertEquals("rerun", read(PATH));
        assertEquals("fresh", read("other/Free_1.json"));
        assertEquals(List.of(PATH, "other/Free_1.json"), paths(storage.list("")));
    }

    @Test
    void aStagedObjectIsInvisibleUntilPublished() throws IOException {
        StagedObject staged = storage.stage(PATH, utf8("staged"));

        assertEquals(Optional.empty(), storage.stat(PATH));
        assertEquals(List.of(), storage.list(""));
        assertThrows(NoSuchFileException.class, () -> storage.read(PATH).close());

        staged.publish(PublishMode.ONCE);
        assertEquals("staged", read(PATH));
    }

    @Test
    void discardLeavesNothingListedNorStaged() throws IOException {
        StagedObject staged = storage.stage(PATH, utf8("dropped"));

        staged.discard();

        assertEquals(Optional.empty(), storage.stat(PATH));
        assertEquals(List.of(), storage.list(""));
        assertEquals(List.of(), storage.removeAbandonedStaging(Instant.now().plus(CLOCK_SLACK)),
                "a discarded object left staging behind");
    }

    @Test
    void discardAfterPublishDoesNothing() throws IOException {
        StagedObject staged = storage.stage(PATH, utf8("kept"));
        staged.publish(PublishMode.ONCE);

        staged.discard();

        assertEquals("kept", read(PATH));
    }

    @Test
    void aWriterThatFailsStagesNothing() throws IOException {
        IOException failure = new IOException("simulated failure of the format");

        IOException thrown = assertThrows(IOException.class, () -> storage.stage(PATH, out -> {
            out.write(new byte[100_000]);
            throw failure;
        }));

        assertTrue(thrown == failure || thrown.getCause() == failure || List.of(thrown.getSuppressed()).contains(failure)
                || String.valueOf(thrown.getMessage()).contains(failure.getMessage()),
                "the writer's failure is not what stage threw: " + thrown);
        assertEquals(Optional.empty(), storage.stat(PATH));
        assertEquals(List.of(), storage.list(""));
        assertEquals(List.of(), storage.removeAbandonedStaging(Instant.now().plus(CLOCK_SLACK)),
                "a failed stage left staging behind");
    }

    @Test
    void largeContentIsStreamedAndReadBackWhole() throws IOException {
        int size = 12 * 1024 * 1024 + 123;
        byte[] expected = digest(size);

        StagedObject staged = storage.stage(PATH, out -> writeRandom(out, size));
        assertEquals(size, staged.size());
        assertEquals(PublishOutcome.PUBLISHED, staged.publish(PublishMode.ONCE));

        assertEquals(size, storage.stat(PATH).orElseThrow().size());
        MessageDigest actual = sha256();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = storage.read(PATH)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                actual.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(size, total);
        assertArrayEquals(expected, actual.digest(), "the content read back differs from what was written");
    }

    @Test
    void deleteRemovesAnObjectAndReportsWhetherThereWasOne() throws IOException {
        publish(PATH, "doomed", PublishMode.ONCE);
        publish("dev/kart/sample/Other_1.json", "stays", PublishMode.ONCE);

        assertTrue(storage.delete(PATH));

        assertEquals(Optional.empty(), storage.stat(PATH));
        assertThrows(NoSuchFileException.class, () -> storage.read(PATH).close());
        assertEquals(List.of("dev/kart/sample/Other_1.json"), paths(storage.list("")));
        assertFalse(storage.delete(PATH));
        assertEquals(PublishOutcome.PUBLISHED, publish(PATH, "again", PublishMode.ONCE), "a deleted path is free again");
        assertEquals("again", read(PATH));
    }

    @Test
    void readingAMissingPathThrowsNoSuchFileException() {
        assertThrows(NoSuchFileException.class, () -> storage.read("dev/kart/sample/Missing_1.json").close());
        assertThrows(NoSuchFileException.class, () -> storage.read("Missing_2.json").close());
    }

    @Test
    void removeAbandonedStagingRemovesWhatWasStartedBeforeAndNeverAPublishedObject() throws IOException {
        publish(PATH, "published", PublishMode.ONCE);
        publish("log/dev/kart/sample/Sample_0123abcd.json", "{}", PublishMode.REPLACE);
        storage.stage("dev/kart/sample/Abandoned_1.json", utf8("abandoned by a process that died"));

        List<String> removed = storage.removeAbandonedStaging(Instant.now().plus(CLOCK_SLACK));

        assertEquals(1, removed.size(), "expected the one abandoned object among " + removed);
        assertTrue(removed.get(0).contains("Abandoned_1.json"), "the line does not name the object: " + removed.get(0));
        assertEquals("published", read(PATH));
        assertEquals("{}", read("log/dev/kart/sample/Sample_0123abcd.json"));
        assertEquals(List.of(PATH, "log/dev/kart/sample/Sample_0123abcd.json"), paths(storage.list("")));
        assertEquals(List.of(), storage.removeAbandonedStaging(Instant.now().plus(CLOCK_SLACK)), "removed twice");
    }

    @Test
    void removeAbandonedStagingLeavesWhatWasStartedAfterTheInstant() throws IOException {
        Instant before = Instant.now().minus(CLOCK_SLACK);
        StagedObject staged = storage.stage(PATH, utf8("still being written"));

        assertEquals(List.of(), storage.removeAbandonedStaging(before));

        assertEquals(PublishOutcome.PUBLISHED, staged.publish(PublishMode.ONCE));
        assertEquals("still being written", read(PATH));
    }

    @Test
    void listAbandonedStagingNamesWhatRemoveWouldRemoveAndRemovesNothing() throws IOException {
        publish(PATH, "published", PublishMode.ONCE);
        StagedObject abandoned = storage.stage("dev/kart/sample/Abandoned_1.json", utf8("abandoned by a process that died"));
        Instant later = Instant.now().plus(CLOCK_SLACK);

        List<String> listed = storage.listAbandonedStaging(later);

        assertEquals(1, listed.size(), "expected the one abandoned object among " + listed);
        assertTrue(listed.get(0).contains("Abandoned_1.json"), "the line does not name the object: " + listed.get(0));
        assertEquals(listed, storage.listAbandonedStaging(later), "a second listing differs: the first removed something");
        assertEquals(List.of(), storage.listAbandonedStaging(Instant.now().minus(CLOCK_SLACK)),
                "listed staging started after the instant");
        assertEquals(PublishOutcome.PUBLISHED, abandoned.publish(PublishMode.ONCE), "listing removed the staged object");
        assertEquals("abandoned by a process that died", read("dev/kart/sample/Abandoned_1.json"));
        assertEquals("published", read(PATH));
        assertEquals(List.of(), storage.listAbandonedStaging(later), "a published object is listed as staging");
    }

    @Test
    void listAbandonedStagingListsOneLineForEachLineRemoveGives() throws IOException {
        storage.stage("dev/kart/sample/Abandoned_1.json", utf8("one"));
        storage.stage("dev/kart/sample/Abandoned_2.json", utf8("two"));
        Instant later = Instant.now().plus(CLOCK_SLACK);

        List<String> listed = storage.listAbandonedStaging(later);
        List<String> removed = storage.removeAbandonedStaging(later);

        assertEquals(removed.size(), listed.size(), "listed " + listed + " but removed " + removed);
        assertEquals(List.of(), storage.listAbandonedStaging(later), "listed after its removal");
    }

    @Test
    void racingOncePublishesExactlyOneWritersWholeContent() throws Exception {
        Assumptions.assumeTrue(publishOnceIsRaceSafe(), "this storage's test server does not honour conditional writes");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String path = "race/Race_" + round + ".bin";
                List<byte[]> contents = List.of(content(round, 'a'), content(round, 'b'));
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<PublishOutcome>> outcomes = new ArrayList<>();
                for (byte[] content : contents) {
                    outcomes.add(pool.submit(() -> {
                        StagedObject staged = storage.stage(path, out -> out.write(content));
                        ready.countDown();
                        assertTrue(go.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
                        return staged.publish(PublishMode.ONCE);
                    }));
                }
                assertTrue(ready.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "staging hung");
                go.countDown();
                PublishOutcome first = outcomes.get(0).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                PublishOutcome second = outcomes.get(1).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);

                assertNotEquals(first, second, "round " + round + ": both writers got " + first);
                byte[] winner = contents.get(first == PublishOutcome.PUBLISHED ? 0 : 1);
                try (InputStream in = storage.read(path)) {
                    assertArrayEquals(winner, in.readAllBytes(), "round " + round + ": not the winner's whole content");
                }
            }
            assertEquals(10, storage.list("race/").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stageRecordPublishesLikeStage() throws IOException {
        StagedObject staged = storage.stageRecord("log/Record_1.json", utf8("{\"state\":\"DONE\"}"));
        assertEquals(Optional.empty(), storage.stat("log/Record_1.json"));

        assertEquals(PublishOutcome.PUBLISHED, staged.publish(PublishMode.REPLACE));

        assertEquals("{\"state\":\"DONE\"}", read("log/Record_1.json"));
    }

    @Test
    void createRecordWritesARecordOnceAndKeepsAnExistingOne() throws IOException {
        byte[] first = "{\"state\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"state\":\"DONE\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals(PublishOutcome.PUBLISHED, storage.createRecord("log/deeper/Record_2.json", first));
        assertEquals(PublishOutcome.ALREADY_EXISTS, storage.createRecord("log/deeper/Record_2.json", second));

        assertEquals("{\"state\":\"FAILED\"}", read("log/deeper/Record_2.json"));
        // no staging left behind by either call: the workspace holds the one record
        assertEquals(List.of("log/deeper/Record_2.json"), paths(storage.list("log/")));
        assertEquals(List.of(), storage.listAbandonedStaging(Instant.now().plus(CLOCK_SLACK)));
    }

    @Test
    void locationIsAnAbsoluteUri() {
        assertTrue(storage.location().isAbsolute(), storage.location() + " has no scheme");
        assertSame(null, storage.location().getUserInfo(), "the location carries credentials: " + storage.location());
    }

    private PublishOutcome publish(String path, String content, PublishMode mode) throws IOException {
        return storage.stage(path, utf8(content)).publish(mode);
    }

    private String read(String path) throws IOException {
        try (InputStream in = storage.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static dev.kart.storage.ContentWriter utf8(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> paths(List<StoredObject> objects) {
        return objects.stream().map(StoredObject::path).toList();
    }

    /** 256 KB that differ between writers and rounds in every 4 KB block, so a mix of two is seen. */
    private static byte[] content(int round, char writer) {
        byte[] content = new byte[256 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 4096 == 0 ? writer : (i * 31 + round + writer));
        }
        return content;
    }

    private static void writeRandom(OutputStream out, int size) throws IOException {
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        for (int left = size; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk, 0, Math.min(left, chunk.length));
        }
    }

    private static byte[] digest(int size) throws IOException {
        MessageDigest digest = sha256();
        writeRandom(new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        }, size);
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
