package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import com.typesafe.config.ConfigFactory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;

/**
 * Does, on a thread of its own, the once-per-JVM work that assembling a runtime begins with, while the
 * caller's thread reads its command line: Guice's own set-up (its classes, call sites and the annotation
 * proxies of its scopes, made on an injector of one binding), the JDK's SHA-256 provider, which unique ids
 * use, and, once the caller knows the tasks' class loader, Typesafe Config's parse of every reference.conf
 * on it (which Typesafe Config caches per class loader). The {@code kart} command starts it first thing and
 * awaits it before {@link RuntimeAssembly#create}: on two cores a cached {@code kart run} ends sooner for
 * about the same CPU (docs/benchmarks.md, "Twenty-eighth part"). Only its being done is seen: the assembly,
 * which runs after it and never beside it, meets a failure here again and reports it.
 */
public final class RuntimePreload implements Runnable {
    private final CompletableFuture<ClassLoader> tasksClassLoader = new CompletableFuture<>();
    private final Thread thread;

    private RuntimePreload() {
        // itself the thread's task, not a lambda: a call site less to link at every start
        thread = new Thread(this, "kart-preload");
        // a command that ends before assembling (--help, an unknown task) does not wait for it
        thread.setDaemon(true);
    }

    /** @return a preload, under way: the parts that need no class loader first */
    public static RuntimePreload start() {
        RuntimePreload preload = new RuntimePreload();
        preload.thread.start();
        return preload;
    }

    /**
     * Lets the preload read the reference configuration of the class loader that the runtime will be
     * assembled with. Only the first call counts.
     *
     * @param classLoader the tasks' class loader
     */
    public void useClassLoader(ClassLoader classLoader) {
        tasksClassLoader.complete(classLoader);
    }

    /**
     * Waits until the preload is done, so that the assembly never runs beside it. An interrupt ends the wait
     * early with the thread's interrupt flag set again; the assembly then does what is left itself.
     *
     * @param classLoader the tasks' class loader, when {@link #useClassLoader} was not called
     */
    public void await(ClassLoader classLoader) {
        useClassLoader(classLoader);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The preload itself, on its own thread; not for callers. */
    @Override
    public void run() {
        try {
            Guice.createInjector(Stage.PRODUCTION, new OneSingleton());
            MessageDigest.getInstance("SHA-256");
            ClassLoader classLoader = tasksClassLoader.join();
            ConfigFactory.defaultReference(classLoader);
            ConfigFactory.defaultReferenceUnresolved(classLoader);
            ConfigFactory.defaultOverrides(classLoader);
        } catch (RuntimeException | LinkageError | NoSuchAlgorithmException e) {
            // a malformed reference.conf, say: the assembly meets it again and names the file
        }
    }

    /** A binding of the kind the runtime's modules make: a singleton made through an injected constructor. */
    private static final class OneSingleton extends AbstractModule {
        @Override
        protected void configure() {
            bind(Made.class).in(Singleton.class);
        }
    }

    static final class Made {
        @Inject
        Made() {
        }
    }
}
