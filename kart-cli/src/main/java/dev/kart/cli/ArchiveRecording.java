package dev.kart.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the run that records {@code bin/kart}'s class-data archive (the first successful {@code kart run} of a jar with
 * a given java; docs/cli.md, "Start-up") puts in it besides the classes it used itself: the classes that {@value
 * #CLASSES} lists, those a run on the Redis lock backend over Jedis loads beyond a run on the in-memory backend (Jedis,
 * commons-pool2, kart's Redis modules, the JDK's sockets; about 480), loaded without being initialized, whichever
 * backend the recording run used. The README's first run uses the in-memory backend: without them a later cached run on
 * Redis loaded and verified those classes from the jar at every start, about a third slower. They make the archive
 * about a sixth larger, which every start relocates (JDK 17.0.15 maps it at a random address by default,
 * {@code ArchiveRelocationMode=1}): 3-9 ms more for a cached run on the in-memory backend. One archive for both
 * backends was chosen over one per backend, which needs state to guess each command's backend before it starts, and
 * was found racy (docs/benchmarks.md, "Forty-second part"). Redisson's classes are not listed: with Netty's they are
 * thousands; a first run on Redisson loads those it needs.
 *
 * <p>{@code bin/kart} tells the recording run by the system property {@value #PROPERTY} (not under {@code kart.}, where
 * every system property is read as a setting).
 */
final class ArchiveRecording {
    /** Set to {@code true} by {@code bin/kart} for the run whose loaded classes make the archive. */
    static final String PROPERTY = "dev.kart.cli.recording-archive";
    /** The resource, beside this class, that names the classes the recording run loads too. */
    static final String CLASSES = "archive-classes.txt";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecording.class);

    private ArchiveRecording() {
    }

    /** @return whether this run records {@code bin/kart}'s class-data archive, as {@value #PROPERTY} says */
    static boolean underWay() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Loads the listed classes without initializing them. One that cannot be loaded (another JDK's, or of a library
     * the class path lacks) is passed over: the archive then lacks it, as it would anyway.
     *
     * @return how many of them are loaded now
     */
    static int loadListedClasses() {
        ClassLoader loader = ArchiveRecording.class.getClassLoader();
        int loaded = 0;
        try (InputStream in = ArchiveRecording.class.getResourceAsStream(CLASSES)) {
            if (in == null) {
                return 0;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    // the run succeeded: a class left out costs later starts only
                    LOG.debug("not in the class-data archive: {}: {}", name, e.toString());
                }
            }
        } catch (IOException e) {
            // the run succeeded: the archive is made from what was loaded before
            LOG.debug("could not read {}: {}", CLASSES, e.toString());
        }
        return loaded;
    }
}
