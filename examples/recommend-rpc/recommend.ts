import { create } from '@bufbuild/protobuf';
import { ConnectError, Code, type ServiceImpl } from '@connectrpc/connect';
import { ArticleResponseSchema, UserRecommend, type UserRequest } from './gen/reco_pb.js';

/** Most articles one call may ask for. */
const MAX_ARTICLES = 100;

/**
 * The recommendation service of the seeds (server.py there), in TypeScript: `article_num` articles
 * with their tracking parameters. A real recommender would rank by user and channel; ids here derive
 * from them so a caller can tell answers apart. `time_stamp` 0 means "now": fresh recommendations.
 */
export const userRecommend: ServiceImpl<typeof UserRecommend> = {
  user_recommend(request: UserRequest) {
    if (request.userId === '') throw new ConnectError('user_id is required', Code.InvalidArgument);
    if (request.articleNum < 0 || request.articleNum > MAX_ARTICLES) {
      throw new ConnectError(`article_num must be 0-${MAX_ARTICLES}`, Code.InvalidArgument);
    }
    const base = BigInt(request.channelId) * 1000n;
    return create(ArticleResponseSchema, {
      exposure: `exposure param for user ${request.userId}`,
      timeStamp: request.timeStamp === 0n ? BigInt(Date.now()) : request.timeStamp,
      recommends: Array.from({ length: request.articleNum }, (_, i) => ({
        articleId: base + BigInt(i + 1),
        track: {
          click: `click param ${i + 1}`,
          collect: `collect param ${i + 1}`,
          share: `share param ${i + 1}`,
          read: `read param ${i + 1}`,
        },
      })),
    });
  },
};
