import { PeopleTeamRegular } from '@fluentui/react-icons';
import { ActivationActions } from '../activation/ActivationActions';
import { ChannelFiguresPage } from './ChannelFiguresPage';

/** /partners — for distributors and the vendor; distributors also onboard partners from the Actions menu. */
export function PartnersPage() {
  return (
    <ChannelFiguresPage
      list="partners"
      emptyIcon={<PeopleTeamRegular />}
      actions={<ActivationActions kind="partner" />}
    />
  );
}
