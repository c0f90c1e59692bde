package dev.kart.cli.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the text output collapses many tasks of one class: {@value #COLLAPSE_AT} or more items of one
 * kind (a task class, or a class and a reason) become one group standing at the place of the first of
 * them, so a pipeline fanning out over 61 chapters takes one line, not 61. {@code kart tree} and
 * {@code kart run --dry-run} both use it, so they collapse alike; both show every item with
 * {@code --all}.
 */
public final class ClassGroups {
    /** How many items of one kind are collapsed into one group; fewer are kept one by one. */
    public static final int COLLAPSE_AT = 3;

    private ClassGroups() {
    }

    /**
     * @param items the items in the order they are shown
     * @param kind what makes two items alike, such as their task class; compared with {@code equals}
     * @param expandAll whether every item stays a group of its own (as {@code --all} asks)
     * @param <T> the item type
     * @return the groups in the order of their first items: a group of one for an item whose kind has
     *     fewer than {@value #COLLAPSE_AT} items (or for each item when expandAll), else every item of
     *     its kind, first one first; never empty lists
     */
    public static <T> List<List<T>> of(List<T> items, Function<? super T, ?> kind, boolean expandAll) {
        Map<Object, List<T>> byKind = new LinkedHashMap<>();
        for (T item : items) {
            byKind.computeIfAbsent(kind.apply(item), k -> new ArrayList<>()).add(item);
        }
        List<List<T>> groups = new ArrayList<>();
        for (T item : items) {
            List<T> alike = byKind.get(kind.apply(item));
            if (expandAll || alike.size() < COLLAPSE_AT) {
                groups.add(List.of(item));
            } else if (alike.get(0) == item) {
                groups.add(List.copyOf(alike));
            }
        }
        return groups;
    }

    /**
     * @param groups groups made by {@link #of}
     * @return whether some group stands for more than one item, so the output says how to show each
     */
    public static boolean anyCollapsed(List<? extends List<?>> groups) {
        return groups.stream().anyMatch(group -> group.size() > 1);
    }
}
