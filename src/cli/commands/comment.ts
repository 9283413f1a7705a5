// pbxctl comment: the plan as the one pbxctl comment of a pull or merge request.
import { Command } from 'commander';
import { lazyAction } from '../command.ts';

export const commentCommand = () =>
  new Command('comment')
    .description('post the report as the one pbxctl comment of a pull request (GitHub) or merge request (GitLab), editing it when it is there')
    .requiredOption('--body <file>', 'the Markdown to post (e.g. written by plan --format markdown --output)')
    .option('--github', 'comment on a GitHub pull request (GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN)')
    .option('--gitlab', 'comment on a GitLab merge request (CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, GITLAB_TOKEN)')
    .option('--number <n>', 'the pull or merge request (default: the one the CI job runs for)')
    .option('--id <name>', 'keeps one comment per name, e.g. the configuration file when a repository has several')
    .action(lazyAction(() => import('../actions/comment.ts')));
