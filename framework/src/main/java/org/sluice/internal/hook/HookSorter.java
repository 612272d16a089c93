package org.sluice.internal.hook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.sluice.hook.HookCycleException;
import org.sluice.hook.Order;

/**
 * Orders a hook's functions: a topological sort of the before/after constraints in which,
 * among the functions free to run next, the one with the earliest {@link Order.Position} and
 * then the earliest registration wins. The result is therefore stable: the same modules loaded
 * in the same order always give the same order.
 */
final class HookSorter {

    record Entry<F>(String module, F function, Order order, int sequence) {
    }

    private HookSorter() {
    }

    static <E extends Entry<?>> List<E> sort(String hookName, List<E> entries) {
        int n = entries.size();
        List<List<Integer>> successors = new ArrayList<>();
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Entry<?> e = entries.get(i);
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                Entry<?> other = entries.get(j);
                boolean iBeforeJ = e.order().before().contains(other.module())
                        || other.order().after().contains(e.module());
                if (iBeforeJ) {
                    successors.get(i).add(j);
                    pending[j]++;
                }
            }
        }
        Comparator<Integer> priority = Comparator
                .<Integer, Order.Position>comparing(i -> entries.get(i).order().position())
                .thenComparingInt(i -> entries.get(i).sequence());
        PriorityQueue<Integer> ready = new PriorityQueue<>(priority);
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<E> result = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            result.add(entries.get(i));
            for (int j : successors.get(i)) {
                if (--pending[j] == 0) {
                    ready.add(j);
                }
            }
        }
        if (result.size() < n) {
            throw new HookCycleException(hookName, findCycle(entries, successors, pending));
        }
        return result;
    }

    /**
     * Names one cycle: every function left unsorted waits for another unsorted one, so
     * following those waits from any of them must come back to a function already seen.
     */
    private static List<String> findCycle(List<? extends Entry<?>> entries, List<List<Integer>> successors,
                                          int[] pending) {
        int n = entries.size();
        int current = 0;
        while (pending[current] == 0) {
            current++;
        }
        List<Integer> path = new ArrayList<>();
        while (!path.contains(current)) {
            path.add(current);
            for (int p = 0; p < n; p++) {
                if (pending[p] > 0 && successors.get(p).contains(current)) {
                    current = p;
                    break;
                }
            }
        }
        List<String> modules = new ArrayList<>();
        List<Integer> cycle = path.subList(path.indexOf(current), path.size());
        for (int i = cycle.size() - 1; i >= 0; i--) {
            modules.add(entries.get(cycle.get(i)).module());
        }
        modules.add(modules.get(0));
        return modules;
    }
}
