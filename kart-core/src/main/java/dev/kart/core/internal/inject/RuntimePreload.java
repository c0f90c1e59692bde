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
 * on it (Typesafe Config keeps the parse of the last class loader asked) and its copy of the JVM's system
 * properties (taken once: a property set after the class loader is given is not in it). The {@code kart}
 * command starts it once it has set its system properties and awaits it before {@link RuntimeAssembly#create}:
 * on two cores a cached {@code kart run} ends sooner for a few per cent more CPU (docs/benchmarks.md,
 * "Twenty-eighth part"). Only its being done is seen: the assembly, which runs after it and never beside it,
 * meets a failed parse again and reports it, and a class that failed to initialize here is thrown by
 * {@link #await}.
 */
public final class RuntimePreload {
    private final CompletableFuture<ClassLoader> tasksClassLoader = new CompletableFuture<>();
    private final Thread thread;
    /** A class the preload could not link or initialize, for {@link #await} to throw. */
    private volatile LinkageError failure;

    private RuntimePreload() {
        // a class of its own rather than a lambda: a call site less to link at every start
        thread = new Thread(new Work(this), "kart-preload");
        // a command that ends before assembling (--help, an unknown task) does not wait for it
        thread.setDaemon(true);
    }

    /**
     * @return a preload, under way: the parts that need no class loader first, then it waits for
     *     {@link #useClassLoader} or {@link #await}
     */
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
     * Waits until the preload is done, so that the assembly never runs beside it, even when interrupted
     * (the preload takes a fraction of a second, and Guava's class initializers must not run on two threads
     * at once): an interrupt is kept and the thread's interrupt flag set again on return.
     *
     * @param classLoader the tasks' class loader, when {@link #useClassLoader} was not called
     * @throws LinkageError a class the preload could not link or initialize, such as an
     *     {@link ExceptionInInitializerError}, which the assembly would otherwise meet only as a
     *     {@link NoClassDefFoundError} without its cause
     */
    public void await(ClassLoader classLoader) {
        useClassLoader(classLoader);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LinkageError met = failure;
        if (met != null) {
            throw met;
        }
    }

    private void preload() {
        try {
            Guice.createInjector(Stage.PRODUCTION, new OneSingleton());
            MessageDigest.getInstance("SHA-256");
            ClassLoader classLoader = tasksClassLoader.join();
            // the unresolved reference resolves the default reference first: both are kept
            ConfigFactory.defaultReferenceUnresolved(classLoader);
            ConfigFactory.defaultOverrides(classLoader);
        } catch (RuntimeException | NoSuchAlgorithmException | StackOverflowError e) {
            // a malformed reference.conf, or one nested deeper than the parser's recursion goes: the assembly
            // meets it again and says so
        } catch (LinkageError e) {
            // a static initializer's failure, which a second use reports only as NoClassDefFoundError
            failure = e;
        }
    }

    /** The preload's thread's task. */
    private static final class Work implements Runnable {
        private final RuntimePreload preload;

        Work(RuntimePreload preload) {
            this.preload = preload;
        }

        @Override
        public void run() {
            preload.preload();
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
