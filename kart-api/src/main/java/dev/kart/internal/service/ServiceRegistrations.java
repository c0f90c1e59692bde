package dev.kart.internal.service;

import dev.kart.config.KartConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The implementations of one of kart's SPIs (lock backends, workspace storages, formats) that jars
 * and class directories register in {@code META-INF/services/<the SPI's interface>}, each made once,
 * in class-path order. A registration kart cannot use (a class that is missing, does not implement
 * the interface, has no public no-argument constructor, or fails in it) stops kart with one line
 * naming the services file and the class, rather than {@code ServiceLoader}'s error from inside the
 * start. Stateless.
 */
public final class ServiceRegistrations {
    private ServiceRegistrations() {
    }

    /**
     * @param service the SPI's interface, such as {@code dev.kart.format.Format}
     * @param classLoader where registrations are looked up
     * @param <T> the SPI's type
     * @return one instance of every registered implementation, in class-path order
     * @throws KartConfigException when a registration cannot be used; the message names the services
     *     file and says why (the class is not found, is not an implementation, cannot be made)
     */
    public static <T> List<T> load(Class<T> service, ClassLoader classLoader) {
        List<T> found = new ArrayList<>();
        try {
            for (T provider : ServiceLoader.load(service, classLoader)) {
                found.add(provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new KartConfigException(servicesFile(service) + " on the class path registers a class kart cannot use: "
                    + reason(service, e) + "; fix or remove that line (expected public classes implementing "
                    + service.getName() + " with a public constructor without arguments)", e);
        }
        return List.copyOf(found);
    }

    /**
     * @param service an SPI's interface
     * @return where jars register its implementations, as users write it
     */
    public static String servicesFile(Class<?> service) {
        return "META-INF/services/" + service.getName();
    }

    /** ServiceLoader's message without the interface it begins with, and the cause of a failed constructor. */
    private static String reason(Class<?> service, ServiceConfigurationError error) {
        String message = String.valueOf(error.getMessage());
        String prefix = service.getName() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        Throwable cause = error.getCause();
        if (cause != null && !(cause instanceof ClassNotFoundException)) {
            message += " (" + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        return message;
    }
}
