package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The data epoch: a new epoch ends every lease of an earlier one, at once, and only those. */
class RedisEpochTest {
    /** A member that records why it was lost and, when it follows an epoch, leaves it then, as a lease does. */
    private static final class Member implements RedisEpoch.Member {
        private final String epoch;
        private final RedisEpoch following;
        private final List<String> losses = new CopyOnWriteArrayList<>();

        Member(String epoch) {
            this(epoch, null);
        }

        Member(String epoch, RedisEpoch following) {
            this.epoch = epoch;
            this.following = following;
        }

        @Override
        public String epoch() {
            return epoch;
        }

        @Override
        public void lose(String why) {
            losses.add(why);
            // RedisLease.lost: a lost lease stops being followed
            if (following != null) {
                following.leave(this);
            }
        }

        @Override
        public void recheck() {
            throw new AssertionError("a new epoch ends leases without asking Redis about each");
        }
    }

    @Test
    void aNewEpochEndsTheLeasesOfTheOldOne() {
        RedisEpoch epochs = new RedisEpoch();
        epochs.observed("100");
        Member first = new Member("100");
        Member second = new Member("100");
        epochs.join(first);
        epochs.join(second);

        epochs.observed("100");
        assertThat(first.losses).isEmpty();

        epochs.observed("200");
        assertThat(first.losses).singleElement().asString().contains("Redis lost its data").contains("epoch 100")
                .contains("epoch 200");
        assertThat(second.losses).hasSize(1);

        Member third = new Member("200");
        epochs.join(third);
        epochs.observed("200");
        assertThat(third.losses).isEmpty();
        assertThat(first.losses).as("lost once, not again").hasSize(1);
    }

    @Test
    void aLeaseOfAnEpochAlreadyOverIsLostOnJoining() {
        RedisEpoch epochs = new RedisEpoch();
        epochs.observed("100");
        epochs.observed("200");
        Member late = new Member("100");
        epochs.join(late);
        assertThat(late.losses).hasSize(1);
    }

    @Test
    void leasesJoiningWhileANewEpochIsNotedAreLostWhateverTheOrder() throws InterruptedException {
        RedisEpoch epochs = new RedisEpoch();
        epochs.observed("100");
        int threads = 4;
        int perThread = 2_000;
        Queue<Member> joined = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> joiners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread joiner = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // leaving when lost, as leases do: a lease that joined before the new epoch was noted is
                    // lost by observed() and leaves then, one that joins after it is lost by join()
                    Member member = new Member("100", epochs);
                    joined.add(member);
                    epochs.join(member);
                }
            });
            joiner.start();
            joiners.add(joiner);
        }
        start.countDown();
        // noted while the joiners run, or before or after them: the outcome must be the same
        epochs.observed("200");
        for (Thread joiner : joiners) {
            joiner.join();
        }
        assertThat(joined).hasSize(threads * perThread).allSatisfy(member -> assertThat(member.losses).isNotEmpty());
        assertThat(epochs.members()).as("leases of the old epoch still followed").isEmpty();
    }

    @Test
    void aLeaseThatLeftIsNotTold() {
        RedisEpoch epochs = new RedisEpoch();
        epochs.observed("100");
        Member closed = new Member("100");
        epochs.join(closed);
        epochs.leave(closed);
        epochs.observed("200");
        assertThat(closed.losses).isEmpty();
    }
}
