package dev.kart.bench.micro;

import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.task.Task;
import java.security.MessageDigest;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code micro-unique-id}: kart's unique id of {@link TrainModel#sample()} (thirteen parameters of
 * every kind and one dependency, so two ids: the dependency's and its own) and of the top of a
 * {@value #CHAIN}-task {@linkplain ChainLink#chain chain} (every id of the chain), each time with a
 * new {@link UniqueIds} (its memo empty, as at the start of a build). The baseline hashes the same
 * canonical bytes, prepared once, with SHA-256 and nothing else: it is what a unique id costs at
 * least. Both sides get a new {@link MessageDigest} per operation (a new {@code UniqueIds} makes
 * one). Not final: JMH subclasses benchmark and state classes.
 */
public class UniqueIdBenchmarks {
    /** Tasks in the chain. */
    static final int CHAIN = 1_000;

    /** The representative task and its dependency, bottom first. */
    @State(Scope.Thread)
    public static class Representative {
        TrainModel task;
        byte[][] canonicalBytes;

        /** Builds the task and its canonical bytes, checked against kart's ids. */
        @Setup
        public void prepare() {
            task = TrainModel.sample();
            canonicalBytes = CanonicalBytes.checked(List.of(task.tokens(), task));
        }
    }

    /** The chain, bottom first. */
    @State(Scope.Thread)
    public static class Chain {
        Task<?> top;
        byte[][] canonicalBytes;

        /** Builds the chain and its canonical bytes, checked against kart's ids. */
        @Setup
        public void prepare() {
            List<Task<Integer>> chain = ChainLink.chain(CHAIN);
            top = chain.get(CHAIN - 1);
            canonicalBytes = CanonicalBytes.checked(chain);
        }
    }

    /**
     * @param state the task
     * @return its unique id
     */
    @Benchmark
    public String kartTask(Representative state) {
        return new UniqueIds().of(state.task);
    }

    /**
     * @param state the canonical bytes of the task and its dependency
     * @param blackhole takes the digests
     */
    @Benchmark
    public void baselineTask(Representative state, Blackhole blackhole) {
        hashEach(state.canonicalBytes, blackhole);
    }

    /**
     * @param state the chain
     * @return the unique id of its top
     */
    @Benchmark
    public String kartChain(Chain state) {
        return new UniqueIds().of(state.top);
    }

    /**
     * @param state the canonical bytes of every task of the chain
     * @param blackhole takes the digests
     */
    @Benchmark
    public void baselineChain(Chain state, Blackhole blackhole) {
        hashEach(state.canonicalBytes, blackhole);
    }

    private static void hashEach(byte[][] canonicalBytes, Blackhole blackhole) {
        MessageDigest sha256 = CanonicalBytes.sha256();
        for (byte[] bytes : canonicalBytes) {
            blackhole.consume(sha256.digest(bytes));
        }
    }
}
