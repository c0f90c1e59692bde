package dev.kart.core.internal.inject;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.typesafe.config.Config;
import dev.kart.KartException;
import dev.kart.core.internal.failure.Causes;
import java.util.Collection;
import java.util.Optional;

/**
 * Assembles a runtime with Guice: one module per concern (configuration, formats, cache, scheduling,
 * locks) and a root object, such as {@code Kart}, made by constructor injection. The one place that
 * turns a failure while assembling into a one-line {@link KartException} naming the config key or
 * class at fault: no Guice report ever reaches a user.
 */
public final class RuntimeAssembly {
    private RuntimeAssembly() {
    }

    /**
     * @param spec where classes and configuration come from
     * @param root the object to make, with everything it needs
     * @param <T> its type
     * @return it
     * @throws dev.kart.config.KartConfigException when the configuration is invalid, naming the key
     * @throws KartException when anything else fails while assembling, naming the class at fault
     */
    public static <T> T create(RuntimeSpec spec, Class<T> root) {
        Config config = spec.loadConfig();
        LockModule locks = new LockModule(spec.lockBackend(), spec.lockBackendProvider());
        try {
            Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config, spec.classLoader()),
                    new FormatModule(), new CacheModule(), new ScheduleModule(), locks);
            return injector.getInstance(root);
        } catch (CreationException e) {
            locks.closeOpened();
            throw translate(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            locks.closeOpened();
            throw translate(e.getErrorMessages(), e);
        } catch (ConfigurationException e) {
            locks.closeOpened();
            throw translate(e.getErrorMessages(), e);
        }
    }

    /**
     * The error a user sees: kart's own error when one caused the failure (it names the key or the
     * thing at fault already), else one line naming what Guice was making and the cause.
     */
    static KartException translate(Collection<Message> messages, RuntimeException guiceError) {
        for (Message message : messages) {
            // a provider's own exception may chain its causes in a circle: each is looked at once
            Optional<Throwable> kart = Causes.find(message.getCause(), KartException.class::isInstance);
            if (kart.isPresent()) {
                return (KartException) kart.get();
            }
        }
        Message first = messages.iterator().next();
        Throwable cause = first.getCause();
        String what = cause == null ? firstLine(first.getMessage())
                : cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
        String source = first.getSource();
        return new KartException("cannot start kart: " + what
                + (source == null || source.isEmpty() || "[unknown source]".equals(source) ? "" : " (while making " + source + ")"),
                cause == null ? guiceError : cause);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").strip();
    }
}
