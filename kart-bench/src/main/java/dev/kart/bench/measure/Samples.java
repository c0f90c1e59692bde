package dev.kart.bench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Repeated measurements of one quantity; summarised by the median, which a noisy neighbour moves least. Immutable. */
public final class Samples {
    private final double[] sorted;

    private Samples(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(this.sorted);
    }

    /**
     * @param values at least one measurement
     * @return the samples
     * @throws IllegalArgumentException when there are none
     */
    public static Samples of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        return new Samples(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** @return the median (the mean of the middle two for an even count) */
    public double median() {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** @return the smallest measurement */
    public double min() {
        return sorted[0];
    }

    /** @return the largest measurement */
    public double max() {
        return sorted[sorted.length - 1];
    }

    /** @return how many measurements there are */
    public int count() {
        return sorted.length;
    }

    /** A growing list of measurements. Not thread-safe. */
    public static final class Recorder {
        private final List<Double> values = new ArrayList<>();

        /** @param value one measurement */
        public void add(double value) {
            values.add(value);
        }

        /** @return what was recorded so far */
        public Samples samples() {
            return of(values);
        }
    }
}
