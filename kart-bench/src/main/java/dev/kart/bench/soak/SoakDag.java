package dev.kart.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The random DAG of the soak, made from a seed: the same seed and size give the same DAG in every
 * process. Tasks are numbered from 0; each of tasks 1 to size - 2 depends on 0 to 3 distinct tasks
 * among the 50 numbered just below it (so dependencies always have lower numbers, and chains grow
 * long), and the last task, the root, depends on every task nothing else depends on, so one build of
 * the root reaches all of them. Each task also gets a work time of 0 to 4 ms. Immutable.
 */
public final class SoakDag {
    private static final int MAX_DEPENDENCIES = 3;
    private static final int WINDOW = 50;
    private static final int MAX_WORK_MILLIS = 4;
    private static final Map<List<Long>, SoakDag> MADE = new ConcurrentHashMap<>();

    private final long seed;
    private final int[][] dependencies;
    private final int[][] dependents;
    private final int[] workMillis;

    private SoakDag(long seed, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("a soak DAG needs at least 2 tasks, got " + size);
        }
        this.seed = seed;
        Random random = new Random(seed);
        dependencies = new int[size][];
        workMillis = new int[size];
        boolean[] depended = new boolean[size];
        for (int i = 0; i < size - 1; i++) {
            int low = Math.max(0, i - WINDOW);
            int count = Math.min(i - low, random.nextInt(MAX_DEPENDENCIES + 1));
            List<Integer> chosen = new ArrayList<>();
            while (chosen.size() < count) {
                int candidate = low + random.nextInt(i - low);
                if (!chosen.contains(candidate)) {
                    chosen.add(candidate);
                    depended[candidate] = true;
                }
            }
            dependencies[i] = chosen.stream().sorted().mapToInt(Integer::intValue).toArray();
            workMillis[i] = random.nextInt(MAX_WORK_MILLIS + 1);
        }
        List<Integer> sinks = new ArrayList<>();
        for (int i = 0; i < size - 1; i++) {
            if (!depended[i]) {
                sinks.add(i);
            }
        }
        dependencies[size - 1] = sinks.stream().mapToInt(Integer::intValue).toArray();
        List<List<Integer>> reverse = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            reverse.add(new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            for (int dependency : dependencies[i]) {
                reverse.get(dependency).add(i);
            }
        }
        dependents = reverse.stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /**
     * @param seed the seed
     * @param size how many tasks, the root included
     * @return the DAG of that seed and size (made once per process)
     */
    public static SoakDag of(long seed, int size) {
        return MADE.computeIfAbsent(List.of(seed, (long) size), key -> new SoakDag(seed, size));
    }

    /** @return the seed it was made from */
    public long seed() {
        return seed;
    }

    /** @return how many tasks, the root included */
    public int size() {
        return dependencies.length;
    }

    /** @return the root's number: the last */
    public int root() {
        return dependencies.length - 1;
    }

    /**
     * @param task a task's number
     * @return the numbers of the tasks it depends on, ascending
     */
    public int[] dependencies(int task) {
        return dependencies[task].clone();
    }

    /**
     * @param task a task's number
     * @return the numbers of the tasks that depend on it
     */
    public int[] dependents(int task) {
        return dependents[task].clone();
    }

    /**
     * @param task a task's number
     * @return how long its {@code run()} sleeps
     */
    public int workMillis(int task) {
        return workMillis[task];
    }

    /**
     * What a task computes: a hash of its number, the round it ran in and its dependencies' values,
     * so that a task run in the wrong round, or fed a stale dependency, has a wrong value.
     *
     * @param task a task's number
     * @param round the round it runs in
     * @param dependencyValues its dependencies' values, in the order of {@link #dependencies}
     * @return its value
     */
    public static long value(int task, int round, long[] dependencyValues) {
        long value = mix(task * 0x9E3779B97F4A7C15L + round);
        for (long dependency : dependencyValues) {
            value = mix(value * 31 + dependency);
        }
        return value;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
