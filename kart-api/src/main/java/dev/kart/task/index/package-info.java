/**
 * The task index: {@link dev.kart.task.index.TaskIndexProcessor}, the annotation processor javac runs
 * to list a jar's task records in {@code META-INF/kart/tasks}, where the {@code kart} command looks
 * for tasks named by their short name. Not exported: javac finds the processor as a service.
 */
package dev.kart.task.index;
