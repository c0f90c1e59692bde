package dev.kart.bench.startup;

/**
 * The baseline of {@code startup-run}: a JVM that starts, prints one line and exits, on the same java
 * as {@code bin/kart}. What a {@code kart run} costs beyond it is kart's own start-up.
 */
public final class Hello {
    private Hello() {
    }

    /**
     * Prints {@code hello} and the Java release it runs on, such as {@code hello 17}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("hello " + Runtime.version().feature());
    }
}
