"""gokart's side of kart-bench's contention-spawn scenario (issue 14): the same build as
dev.kart.bench.contention.ContendedSum, written as a gokart user writes it.

N independent sleepers, each a TaskOnKart with should_lock_run (gokart's run lock in Redis: a node
that finds a sleeper's lock taken fails that task, and gokart.build builds again after a backoff),
under a root that sums their outputs. Each sleeper appends "run INDEX EPOCH_MILLIS PID" to the
execution log (one O_APPEND write, the format of dev.kart.bench.process.ExecutionLog) when its run()
starts, sleeps and dumps its index. On success the node prints "This build succeeded" and the sum.

usage: python3 contended_sum.py --tasks N --sleep-ms MS --redis-host H --redis-port P
                                --workspace DIR --execution-log FILE
"""
import argparse
import os
import sys
import time

import gokart
import luigi


class ContendedSleeper(gokart.TaskOnKart):
    index = luigi.IntParameter()
    sleep_ms = luigi.IntParameter()
    execution_log = luigi.Parameter(significant=False)

    def run(self):
        line = f'run {self.index} {int(time.time() * 1000)} {os.getpid()}\n'.encode()
        descriptor = os.open(self.execution_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        time.sleep(self.sleep_ms / 1000)
        self.dump(self.index)


class ContendedSum(gokart.TaskOnKart):
    tasks = luigi.IntParameter()
    sleep_ms = luigi.IntParameter()
    execution_log = luigi.Parameter(significant=False)
    redis_host_of_sleepers = luigi.Parameter(significant=False)
    redis_port_of_sleepers = luigi.IntParameter(significant=False)

    def requires(self):
        return [
            ContendedSleeper(
                index=index,
                sleep_ms=self.sleep_ms,
                execution_log=self.execution_log,
                workspace_directory=self.workspace_directory,
                redis_host=self.redis_host_of_sleepers,
                redis_port=self.redis_port_of_sleepers,
                should_lock_run=True,
            )
            for index in range(self.tasks)
        ]

    def run(self):
        self.dump(sum(self.load()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tasks', type=int, required=True)
    parser.add_argument('--sleep-ms', type=int, required=True)
    parser.add_argument('--redis-host', required=True)
    parser.add_argument('--redis-port', type=int, required=True)
    parser.add_argument('--workspace', required=True)
    parser.add_argument('--execution-log', required=True)
    args = parser.parse_args()
    root = ContendedSum(
        tasks=args.tasks,
        sleep_ms=args.sleep_ms,
        execution_log=args.execution_log,
        workspace_directory=args.workspace,
        redis_host_of_sleepers=args.redis_host,
        redis_port_of_sleepers=args.redis_port,
    )
    total = gokart.build(root, workers=1)
    expected = args.tasks * (args.tasks - 1) // 2
    if total != expected:
        print(f'the sum is {total}, expected {expected}', file=sys.stderr)
        return 1
    print(f'This build succeeded: sum {total}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
