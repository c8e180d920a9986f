'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from './queries/keys';

/**
 * Follows a study's Server-Sent Events while it is active: each event (a trial started, reported,
 * ended; the study's status) refetches the study, at most a few times a second. The browser resumes a
 * dropped stream with Last-Event-ID by itself.
 */
export function useStudyEvents(studyId: string, active: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!active) return;
    const source = new EventSource(`/api/studies/${studyId}/events`);
    let dirty = false;
    const refetch = () => {
      if (!dirty) return;
      dirty = false;
      void client.invalidateQueries({ queryKey: queryKeys.study(studyId) });
    };
    const timer = setInterval(refetch, 400);
    source.onmessage = (message) => {
      dirty = true;
      const event = JSON.parse(message.data as string) as { type: string };
      if (event.type === 'end') {
        source.close();
        refetch();
        void client.invalidateQueries({ queryKey: queryKeys.studiesAll });
      }
    };
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [client, studyId, active]);
}
